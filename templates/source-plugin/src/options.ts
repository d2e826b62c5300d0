/** The plugin's options (`plugins[].options`), validated by the service with convict before create(). */
export interface AcmeOptions {
  category: number;
  /** The demo device's password; a real plugin has an SDK path here instead. */
  demoPassword: string;
}

export const configSchema = {
  category: { doc: 'nvr_category number this plugin serves', format: 'nat', default: 7 },
  demoPassword: { doc: 'password the built-in demo device accepts', format: String, default: 'demo-pass', sensitive: true },
};
