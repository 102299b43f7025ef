// Personal data never reaches a prompt: names, e-mails, phones, street addresses and card-like numbers.

const NAME_KEYS = /^(name|first_?name|last_?name|full_?name|customer_?name|company|contact)$/i;
const ADDRESS_KEYS = /^(address|address1|address2|address_line_?\d?|street|street_?address|line1|line2)$/i;
const EMAIL_KEYS = /^(email|e_?mail|contact_email)$/i;
const PHONE_KEYS = /^(phone|phone_?number|mobile|telephone)$/i;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 13–19 digits, optionally grouped by spaces or dashes (card numbers).
const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;
const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{3}[\s.-]\d{3,4}(?:[\s.-]\d{2,4})?\b/g;
const STREET =
  /\b\d{1,6}\s+(?:[A-Z][a-z]+\s){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl)\b\.?/g;

/** Redacts PII patterns inside free text. */
export function redactText(text: string): string {
  return text
    .replace(EMAIL, '[EMAIL]')
    .replace(CARD, '[CARD]')
    .replace(STREET, '[ADDRESS]')
    .replace(PHONE, '[PHONE]');
}

/** Deep copy with PII fields replaced and PII patterns in every string redacted. */
export function redactPii(value: unknown, key = ''): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') {
    if (NAME_KEYS.test(key)) return '[NAME]';
    if (ADDRESS_KEYS.test(key)) return '[ADDRESS]';
    if (EMAIL_KEYS.test(key)) return '[EMAIL]';
    if (PHONE_KEYS.test(key)) return '[PHONE]';
    return redactText(value);
  }
  if (typeof value === 'number' && (PHONE_KEYS.test(key) || /card/i.test(key))) return '[REDACTED]';
  if (Array.isArray(value)) return value.map((item) => redactPii(item, key));
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([childKey, child]) => [
        childKey,
        redactPii(child, childKey),
      ]),
    );
  }
  return value;
}
