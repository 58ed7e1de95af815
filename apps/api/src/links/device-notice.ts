import { describeUserAgent } from '../devices/devices.service';

/**
 * User agents that say they are not a person at a browser: mail security scanners, link
 * previewers, crawlers, headless and scripted browsers, HTTP libraries.
 */
const AUTOMATED =
  /bot\b|bot\/|crawl|spider|scan|headless|preview|safelinks|proofpoint|mimecast|barracuda|phantom|selenium|puppeteer|playwright|python|curl\/|wget|go-http|okhttp|java\/|axios|node-fetch|undici|libwww|httpclient/i;

/** Whether the user agent says it is automated (or says nothing at all). */
export function looksAutomated(userAgent: string | null | undefined): boolean {
  return !userAgent || AUTOMATED.test(userAgent);
}

/**
 * How the new-device notice (SPEC rule 8, issue 14) names the device: browser and system, and
 * "automated" when the user agent looks like a scanner, a bot or a headless browser, so a client
 * whose mail scanner took their link can tell it was not a person.
 */
export function noticeDeviceLabel(userAgent: string | null | undefined): string {
  const described = describeUserAgent(userAgent ?? undefined) ?? 'an unknown browser';
  return looksAutomated(userAgent)
    ? `${described}, automated (a mail scanner, bot or headless browser)`
    : described;
}
