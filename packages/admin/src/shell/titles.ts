import type { RouteRecordNameGeneric } from 'vue-router';
import en from './locales/en.json';

type TitledRoute = keyof typeof en.shell.titles;

/** The message that names a page in the browser's tab and history; every named route has one. */
export function pageTitleKey(name: RouteRecordNameGeneric | null | undefined): `shell.titles.${TitledRoute}` | null {
  return typeof name === 'string' && name in en.shell.titles ? `shell.titles.${name as TitledRoute}` : null;
}
