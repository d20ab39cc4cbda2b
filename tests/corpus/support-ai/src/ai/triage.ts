import Anthropic from '@anthropic-ai/sdk';
import { generateText } from 'ai';
import { openai } from '@ai-sdk/openai';

const anthropic = new Anthropic();

export interface Ticket {
  id: string;
  subject: string;
  body: string;
  requester: { id: string; email: string; name: string; phone?: string };
}

function redactContact(text: string): string {
  return text.replace(/\S+@\S+/g, '[email]');
}

export async function triage(ticket: Ticket) {
  const system = 'Classify the ticket into billing, bug or question.';
  return anthropic.messages.create({ // expect: anthropic prompt email @rename
    model: 'claude-haiku-4-5',
    max_tokens: 64,
    system,
    messages: [{ role: 'user', content: `From: ${ticket.requester.email}\n${ticket.subject}\n${ticket.body}` }],
  });
}

export async function draft(ticket: Ticket) {
  const greeting = `Hi ${ticket.requester.name},`;
  return generateText({ model: openai('gpt-4o'), system: 'Write a short reply.', prompt: `${greeting}\n${redactContact(ticket.body)}` }); // expect: vercel-ai-sdk prompt name @rename
}

export async function classifyOnly(ticket: Ticket) {
  return anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: ticket.subject }] }); // expect: anthropic prompt @direct
}
