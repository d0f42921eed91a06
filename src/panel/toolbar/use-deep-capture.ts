/**
 * The Deep capture checkbox's state: asked of the host when the inspected origin changes, and
 * changed only by the user's click (which is the user gesture Chrome's permission prompt needs).
 */
import { useEffect, useState } from 'preact/hooks';
import type { DeepCaptureControl, DeepCaptureState } from '../environment';

export interface DeepCapture {
  state: DeepCaptureState | undefined;
  busy: boolean;
  toggle(on: boolean): void;
}

export function useDeepCapture(control: DeepCaptureControl | undefined, origin: string | undefined): DeepCapture {
  const [state, setState] = useState<DeepCaptureState | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!control) return;
    let live = true;
    control.get().then((s) => live && setState(s), () => undefined);
    return () => void (live = false);
  }, [control, origin]);
  return {
    state,
    busy,
    toggle(on) {
      if (!control || busy) return;
      setBusy(true);
      control
        .set(on)
        .then(setState, (err: unknown) => setState({ on: false, origin: origin ?? '', error: { code: 'failed', detail: String(err) } }))
        .finally(() => setBusy(false));
    },
  };
}
