/** GET /api/branding (public, issue 13): how the firm looks, read once by the portal at start. */
export interface BrandingResponse {
  /** The firm's name (FIRM_NAME). */
  name: string;
  /** An https URL or a path the portal serves; null: show the name. */
  logoUrl: string | null;
  /** `#rrggbb`, readable under white text (checked at start). */
  primaryColor: string;
  /** The firm's IANA time zone: every date and time the portal shows is in it. */
  timeZone: string;
  contact: {
    phone: string | null;
    email: string | null;
    address: string | null;
    /** Free text, or the business hours and days in words. */
    officeHours: string;
  };
}
