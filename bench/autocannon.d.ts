// The part of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  /** What a client emits when a response's headers were parsed (http-parser-js): headers as [name, value, name, value, …]. */
  interface HeadersInfo {
    statusCode: number;
    headers: string[];
  }
  interface Client {
    on(event: 'headers', listener: (info: HeadersInfo) => void): void;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    method?: string;
    headers?: Record<string, string>;
    /** Requests a second over all connections (unset: as fast as they go). */
    overallRate?: number;
    /** The requests each connection sends in turn; `setupRequest` may change each one (its path) before it goes. */
    requests?: { setupRequest?: (request: { path: string } & Record<string, unknown>) => { path: string } }[];
    /** Called once for each connection's client. */
    setupClient?: (client: Client) => void;
  }
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
    max: number;
    total: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    throughput: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
