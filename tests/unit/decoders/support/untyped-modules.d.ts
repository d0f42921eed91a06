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
declare module 'autobahn' {
  const autobahn: any;
  export default autobahn;
}
declare module 'autobahn/lib/serializer.js' {
  export const JSONSerializer: any;
  export const MsgpackSerializer: any;
  export const CBORSerializer: any;
}
