// Every third-party tag of the marketing site, behind one consent check.
import { sha256 } from 'js-sha256';

declare global {
  interface Window {
    dataLayer: Record<string, unknown>[];
    gtag: (...args: unknown[]) => void;
    fbq: (...args: unknown[]) => void;
    ttq: { identify(data: object): void; track(event: string, data?: object): void; page(): void };
    lintrk: (command: string, data: object) => void;
    _hsq: unknown[];
    hj: (...args: unknown[]) => void;
    clarity: (...args: unknown[]) => void;
  }
}

export interface Lead {
  email: string;
  firstName: string;
  lastName: string;
  phone?: string;
  company: string;
  country: string;
}

export function bootTags(consented: boolean): void {
  if (!consented) return;
  window.dataLayer = window.dataLayer || [];
  window.gtag('js', new Date());
  window.gtag('config', 'G-MARKETING', { send_page_view: true }); // expect: google-analytics device_info location referrer @collected
  window.fbq('init', '1234567890'); // expect: meta-pixel device_info ip_address referrer @collected
}

export function leadCaptured(lead: Lead, formName: string): void {
  window.dataLayer.push({ event: 'lead', form: formName, lead_email: lead.email }); // expect: google-tag-manager email @global
  window.gtag('event', 'generate_lead', { form_name: formName, country: lead.country }); // expect: google-analytics location @global
  window.fbq('track', 'Lead', { content_name: formName });
  window.fbq('init', '1234567890', { em: sha256(lead.email.trim().toLowerCase()), fn: sha256(lead.firstName.toLowerCase()) }); // expect: meta-pixel device_info email* ip_address name* referrer @hashed
  window.ttq.identify({ email: sha256(lead.email), phone_number: lead.phone ? sha256(lead.phone) : undefined }); // expect: tiktok-pixel email* phone* @hashed
  window.ttq.track('SubmitForm', { content_name: formName });
  window.lintrk('track', { conversion_id: 1357 }); // expect: linkedin-insight device_info ip_address referrer @collected
  window._hsq.push(['identify', { email: lead.email, firstname: lead.firstName, company: lead.company }]); // expect: hubspot email name @queue
  window._hsq.push(['trackPageView']);
}

export function tagSession(visitorId: string, plan: string): void {
  window.hj('identify', visitorId, { plan }); // expect: hotjar device_id @global
  window.clarity('set', 'plan', plan);
  window.clarity('identify', visitorId); // expect: microsoft-clarity device_id @global
}
