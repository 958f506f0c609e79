import { fileURLToPath } from 'node:url';
import vueI18n from '@intlify/unplugin-vue-i18n/vite';
import vue from '@vitejs/plugin-vue';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    vue(),
    // Messages are compiled at build time, so the app ships vue-i18n's runtime only (no compiler).
    vueI18n({
      include: [
        fileURLToPath(new URL('./src/locales/*.json', import.meta.url)),
        fileURLToPath(new URL('./src/features/*/locales/*.json', import.meta.url)),
      ],
      runtimeOnly: true,
      compositionOnly: true,
      fullInstall: false,
      strictMessage: true,
      escapeHtml: true,
    }),
  ],
  resolve: {
    // The shared package as TypeScript source (the option replaces the defaults, so spread them).
    conditions: ['euregionet-source', ...defaultClientConditions],
  },
  build: {
    manifest: true,
    target: 'es2022',
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:3000',
      '/health': 'http://localhost:3000',
      '/docs': 'http://localhost:3000',
      '/openapi.json': 'http://localhost:3000',
    },
  },
});
