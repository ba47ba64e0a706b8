import { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface HttpResponse<T = any> {
  status: number;
  body: T;
  text: string;
  /** The body's bytes (downloads). */
  raw: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  /** Raw payload (e.g. multipart); otherwise `body` is sent as JSON. */
  payload?: string | Buffer;
}

/** In-process HTTP calls through Fastify's inject: the full stack (guards, pipes, filters), no socket. */
export class Http {
  constructor(private readonly app: NestFastifyApplication) {}

  get<T = any>(url: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('GET', url, undefined, options);
  }
  post<T = any>(url: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('POST', url, body, options);
  }
  patch<T = any>(url: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('PATCH', url, body, options);
  }
  put<T = any>(url: string, body?: unknown, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('PUT', url, body, options);
  }
  delete<T = any>(url: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    return this.request<T>('DELETE', url, undefined, options);
  }

  async request<T = any>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body: unknown, options: RequestOptions): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | Buffer | undefined = options.payload;
    if (payload === undefined && body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const query = options.query
      ? Object.fromEntries(Object.entries(options.query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]))
      : undefined;
    const res = await this.app.inject({ method, url, headers, payload, query });
    let parsed: unknown = res.body;
    const type = String(res.headers['content-type'] ?? '');
    if (type.includes('json') && res.body.length > 0) parsed = JSON.parse(res.body);
    return { status: res.statusCode, body: parsed as T, text: res.body, raw: res.rawPayload, headers: res.headers as HttpResponse['headers'] };
  }
}
