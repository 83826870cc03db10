/** The durabletask HTTP API the dashboard reads and acts through, and the dashboard's own routes. */
export const API = '/runtime/webhooks/durabletask';
export const DASHBOARD_API = '/dashboard/api';

const KEY_STORAGE = 'durable-ts.dashboard.key';

/** The system key the operator entered, kept for this browser tab only. */
export const systemKey = {
  get: (): string => sessionStorage.getItem(KEY_STORAGE) ?? '',
  set: (key: string): void => (key === '' ? sessionStorage.removeItem(KEY_STORAGE) : sessionStorage.setItem(KEY_STORAGE, key)),
};

/** A refused request: the API's error code and sentence. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiResponse<T> {
  readonly status: number;
  readonly body: T;
  readonly continuationToken: string | undefined;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  /** Sent as JSON. */
  readonly body?: unknown;
  readonly continuationToken?: string;
}

/** Calls the server with the entered key; a refusal throws ApiError with the API's message. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  const key = systemKey.get();
  if (key !== '') headers['x-functions-key'] = key;
  if (options.continuationToken !== undefined) headers['x-ms-continuation-token'] = options.continuationToken;
  if (options.body !== undefined || (options.method ?? 'GET') !== 'GET') headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  const body: unknown = text === '' ? null : parse(text);
  if (!response.ok) {
    const problem = (body ?? {}) as { error?: unknown; message?: unknown };
    throw new ApiError(response.status, String(problem.error ?? 'HTTP_' + response.status), String(problem.message ?? text ?? response.statusText));
  }
  return { status: response.status, body: body as T, continuationToken: response.headers.get('x-ms-continuation-token') ?? undefined };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `?a=1&b=2` of the defined, non-empty values. */
export function queryString(values: Readonly<Record<string, string | undefined>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined && value !== '') params.set(name, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
