import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { onSessionLost } from './api/http';
import { i18n, loadInitialLocale } from './i18n';
import { router } from './router';
import { useSessionStore } from './stores/session';
import './styles/main.css';

await loadInitialLocale();
const pinia = createPinia();
createApp(App).use(pinia).use(i18n).use(router).mount('#app');

// The session ended (expired, signed out elsewhere, deactivated): sign in, then come back here.
onSessionLost(() => {
  useSessionStore(pinia).forget();
  const current = router.currentRoute.value;
  if (current.name !== 'login') void router.push({ name: 'login', query: { redirect: current.fullPath } });
});
