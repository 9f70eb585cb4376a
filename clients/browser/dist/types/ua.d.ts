/** What a person recognises a session by: "Chrome 156 on Linux", and whether it is a phone, tablet or computer. */
export interface DeviceDescription {
    browser: string;
    os: string;
    /** mobile, tablet, desktop, tv, console, wearable, embedded, or unknown. */
    kind: string;
    /** e.g. "Chrome 156 on Linux" or "Unknown browser". */
    label: string;
}
export declare function describeUserAgent(userAgent: string | null | undefined): DeviceDescription;
