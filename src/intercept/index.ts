/**
 * Acting on the traffic: rules, breakpoints, replay, composer and snippets. Pure building
 * blocks (no browser extension API, no DOM); the hook, bridge, router and panel plumb them in.
 * Each module's header documents its semantics.
 */
export * from './types';
export { payloadOf, withPayload, payloadByteLength, samePayload, directionMatches } from './payload-edit';
export * from './rules';
export * from './breakpoints';
export * from './replay';
export * from './composer';
export * from './snippets';
export { compileTemplate, expandTemplate, type Template, type TemplateInput, type TemplateParse } from './template';
