import OpenAI from 'openai';
import { trace } from '@opentelemetry/api';
import Bugsnag from '@bugsnag/node';
import type { Customer } from '../services/customers.js';

const openai = new OpenAI();
const tracer = trace.getTracer('statements');

export async function explainStatement(customer: Customer, transactions: { description: string; amount: number }[]) {
  return tracer.startActiveSpan('explain', async (span) => {
    span.setAttribute('customer.id', customer.id); // expect: opentelemetry user_id @callback
    const lines = transactions.map((transaction) => `${transaction.description}: ${transaction.amount}`).join('\n');
    try {
      const response = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Explain these card transactions:\n${lines}` }] }); // expect: openai prompt @direct
      return response.choices[0]?.message.content;
    } catch (error) {
      Bugsnag.notify(error as Error, (event) => event.addMetadata('customer', { iban: customer.iban })); // expect: bugsnag payment @callback
      throw error;
    } finally {
      span.end();
    }
  });
}

export async function greet(customer: Customer) {
  return openai.responses.create({ model: 'gpt-4o-mini', input: `Write a birthday greeting for ${customer.fullName}, born ${customer.dateOfBirth}` }); // expect: openai prompt name date_of_birth @direct
}
