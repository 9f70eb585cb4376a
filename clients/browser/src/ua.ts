import UAParser from 'ua-parser-js';

/** What a person recognises a session by: "Chrome 156 on Linux", and whether it is a phone, tablet or computer. */
export interface DeviceDescription {
  browser: string;
  os: string;
  /** mobile, tablet, desktop, tv, console, wearable, embedded, or unknown. */
  kind: string;
  /** e.g. "Chrome 156 on Linux" or "Unknown browser". */
  label: string;
}

export function describeUserAgent(userAgent: string | null | undefined): DeviceDescription {
  if (userAgent === null || userAgent === undefined || userAgent.trim() === '') {
    return { browser: '', os: '', kind: 'unknown', label: 'Unknown device' };
  }
  const result = new UAParser(userAgent).getResult();
  const browser = [result.browser.name, result.browser.major].filter(Boolean).join(' ');
  const os = [result.os.name, result.os.version && result.os.name !== 'Linux' ? result.os.version : ''].filter(Boolean).join(' ');
  const model = [result.device.vendor, result.device.model].filter(Boolean).join(' ');
  const kind = result.device.type ?? (result.os.name || result.browser.name ? 'desktop' : 'unknown');
  const what = browser || model || 'Unknown browser';
  const label = os ? `${what} on ${os}` : what;
  return { browser, os, kind, label };
}
