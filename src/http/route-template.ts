/** A parameter segment: `{name}` or, last only, `{name?}`. */
const PARAMETER = /^\{([A-Za-z_][A-Za-z0-9_]*)(\?)?\}$/;
/** A literal segment: URL path characters other than the ones with a meaning in routes. */
const LITERAL = /^[A-Za-z0-9._~!$&'()+,;=@-]+$/;

/** A route template converted for fastify, with the names of its parameters. */
export interface ConvertedRoute {
  /** The fastify path, e.g. `/api/orchestrators/:functionName/:instanceId?`. */
  readonly path: string;
  readonly parameters: readonly string[];
}

/**
 * Converts an Azure Functions route template (`orchestrators/{functionName}/{instanceId?}`) under
 * `routePrefix` to a fastify path. Returns a sentence saying what is wrong instead when the
 * template uses syntax that is not supported: constraints (`{id:int}`), catch-alls (`{*rest}`),
 * an optional parameter before the last segment, a repeated name, an empty segment.
 */
export function convertRouteTemplate(routePrefix: string, template: string): ConvertedRoute | { readonly problem: string } {
  const prefix = trimSlashes(routePrefix);
  const route = trimSlashes(template);
  const segments = route === '' ? [] : route.split('/');
  const parts: string[] = prefix === '' ? [] : prefix.split('/').map(escapeLiteral);
  const parameters: string[] = [];
  for (const [index, segment] of segments.entries()) {
    const parameter = PARAMETER.exec(segment);
    if (parameter !== null) {
      const name = parameter[1] as string;
      const optional = parameter[2] === '?';
      if (optional && index !== segments.length - 1) return { problem: `the optional parameter {${name}?} is not the last segment; only the last one may be optional` };
      if (parameters.includes(name)) return { problem: `the parameter {${name}} appears twice` };
      parameters.push(name);
      parts.push(`:${name}${optional ? '?' : ''}`);
    } else if (LITERAL.test(segment)) {
      parts.push(escapeLiteral(segment));
    } else {
      return { problem: `the segment ${JSON.stringify(segment)} is not supported; use literal text and {name} or, last, {name?} parameters` };
    }
  }
  if (parts.length === 0) return { problem: 'the route is empty and there is no route prefix; give a route' };
  return { path: `/${parts.join('/')}`, parameters };
}

function trimSlashes(text: string): string {
  return text.replace(/^\/+|\/+$/g, '');
}

/** In fastify paths a literal `:` is written `::`. */
function escapeLiteral(segment: string): string {
  return segment.replace(/:/g, '::');
}
