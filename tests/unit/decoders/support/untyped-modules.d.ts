/** Test-only libraries that ship no TypeScript types: typed as loosely as the tests use them. */
declare module 'sockjs' {
  const sockjs: { createServer(options?: Record<string, unknown>): any };
  export default sockjs;
}
declare module 'sockjs-client' {
  const SockJS: any;
  export default SockJS;
}
declare module 'phoenix' {
  export const Socket: any;
}
declare module 'autobahn-browser' {
  const autobahn: { Connection: any; serializer: { JSONSerializer: any; MsgpackSerializer: any; CBORSerializer: any } };
  export default autobahn;
}
