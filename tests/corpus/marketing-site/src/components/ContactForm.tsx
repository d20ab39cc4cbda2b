import { leadCaptured, type Lead } from '../tracking/tags';
import { subscribe } from '../tracking/newsletter';
import { downloaded } from '../tracking/plausible';

export function ContactForm({ onDone }: { onDone: () => void }) {
  async function submit(form: FormData) {
    const lead: Lead = {
      email: String(form.get('email')),
      firstName: String(form.get('firstName')),
      lastName: String(form.get('lastName')),
      company: String(form.get('company')),
      country: String(form.get('country')),
    };
    leadCaptured(lead, 'contact');
    if (form.get('newsletter')) await subscribe(lead, 'contact-form');
    downloaded('whitepaper.pdf', { country: lead.country });
    onDone();
  }
  return <form action={submit} />;
}
