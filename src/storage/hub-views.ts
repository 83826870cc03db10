import type { StorageProvider } from './storage-provider';

/**
 * The bindings of one storage to other task hubs (`StorageProvider.forHub`): made once per hub
 * name, on first use, and closed with the provider that made them. The provider's own name gives
 * the provider itself, so a binding is never a second copy of it.
 */
export class HubViews<P extends StorageProvider> {
  private readonly views = new Map<string, P>();

  constructor(
    private readonly own: P,
    private readonly make: (hubName: string) => P,
  ) {}

  get(hubName: string): P {
    if (hubName === this.own.hubName) return this.own;
    let view = this.views.get(hubName);
    if (view === undefined) {
      view = this.make(hubName);
      this.views.set(hubName, view);
    }
    return view;
  }

  async closeAll(): Promise<void> {
    const views = [...this.views.values()];
    this.views.clear();
    await Promise.all(views.map((view) => view.close()));
  }
}
