import type { ContainerFormat, FormatLookup } from '@nvr-pusher/core/contracts';
import * as media from '@nvr-pusher/core/media';

/** The container formats core/media implements itself (generic MPEG-PS and Annex-B elementary streams). */
function builtInFormats(): ContainerFormat[] {
  const m = media as Record<string, unknown>;
  return ['psFormat', 'h264Format', 'h265Format']
    .map((k) => m[k] as ContainerFormat | undefined)
    .filter((f): f is ContainerFormat => f !== undefined);
}

/** Formats by name: core's built-ins plus those plugins register. One instance per service. */
export class FormatRegistry implements FormatLookup {
  private readonly formats = new Map<string, { format: ContainerFormat; owner: string }>();

  constructor() {
    for (const f of builtInFormats()) this.formats.set(f.name, { format: f, owner: 'core' });
  }

  register(format: ContainerFormat, owner: string): void {
    const prev = this.formats.get(format.name);
    if (prev) throw new Error(`plugin '${owner}' registers container format '${format.name}', already registered by '${prev.owner}'`);
    this.formats.set(format.name, { format, owner });
  }

  get(name: string): ContainerFormat | undefined {
    return this.formats.get(name)?.format;
  }

  names(): string[] {
    return [...this.formats.keys()];
  }
}
