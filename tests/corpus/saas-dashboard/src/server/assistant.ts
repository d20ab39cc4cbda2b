import OpenAI from 'openai';
import type { Member } from '@/lib/analytics';

const openai = new OpenAI();

export async function suggestReply(member: Member, ticket: { subject: string; body: string }) {
  const prompt = `You help ${member.firstName} ${member.lastName} answer: ${ticket.subject}\n${ticket.body}`;
  return openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] }); // expect: openai prompt name @rename
}

export async function summarize(text: string) {
  return openai.responses.create({ model: 'gpt-4o-mini', input: `Summarize:\n${text}` }); // expect: openai prompt @direct
}
