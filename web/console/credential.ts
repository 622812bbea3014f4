/**
 * The credential the browser pages send: an API key (`mi_…`) or an OIDC token, kept in this
 * tab's sessionStorage only (gone when the tab closes), shared by the console and GraphiQL.
 */
const KEY = 'mi-credential';

export const credential = {
  get: (): string => sessionStorage.getItem(KEY) ?? '',
  set: (value: string): void => sessionStorage.setItem(KEY, value.trim()),
  clear: (): void => sessionStorage.removeItem(KEY),
};

export const graphqlUrl = (): string => new URL('/graphql', location.href).href;
export const graphqlWsUrl = (): string => graphqlUrl().replace(/^http/, 'ws');
