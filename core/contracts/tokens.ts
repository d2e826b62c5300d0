import type { InjectionToken } from 'tsyringe';

/**
 * DI tokens of the composition root (`core/container.ts`). Only the core resolves them; plugins get a plain
 * `PluginContext` and never see the container.
 */
export const TOKENS = {
  Config: Symbol('Config') as InjectionToken<unknown>,
  Logger: Symbol('Logger') as InjectionToken<unknown>,
  Secrets: Symbol('Secrets') as InjectionToken<unknown>,
  Clock: Symbol('Clock') as InjectionToken<unknown>,
  Plugins: Symbol('Plugins') as InjectionToken<unknown>,
  Scheduler: Symbol('Scheduler') as InjectionToken<unknown>,
  EmbeddedRtmp: Symbol('EmbeddedRtmp') as InjectionToken<unknown>,
  Metrics: Symbol('Metrics') as InjectionToken<unknown>,
  Cluster: Symbol('Cluster') as InjectionToken<unknown>,
} as const;
