import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { Mistral } from '@mistralai/mistralai';
import { CohereClientV2 } from 'cohere-ai';
import type { Student } from '../platform/telemetry';

const anthropic = new Anthropic();
const gemini = new GoogleGenAI({ apiKey: process.env.GEMINI_KEY });
const mistral = new Mistral({ apiKey: process.env.MISTRAL_KEY ?? '' });
const cohere = new CohereClientV2({ token: process.env.COHERE_KEY });

export async function gradeEssay(student: Student, essay: string) {
  const rubric = 'Grade from 1 to 10 and explain.';
  await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 400, system: rubric, messages: [{ role: 'user', content: essay }] }); // expect: anthropic prompt @direct
  await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 400, system: rubric, messages: [{ role: 'user', content: `${student.name} (age ${student.age}) wrote: ${essay}` }] }); // expect: anthropic prompt name date_of_birth @rename
  await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: `Feedback for ${student.email}: ${essay}` }); // expect: google-genai prompt email @direct
  await mistral.chat.complete({ model: 'mistral-small-latest', messages: [{ role: 'user', content: essay }] }); // expect: mistral prompt @direct
  return cohere.chat({ model: 'command-a-03-2025', messages: [{ role: 'user', content: `Needs: ${student.accessibility?.disability ?? 'none'}` }] }); // expect: cohere prompt health @direct
}

export async function embedClass(students: Student[]) {
  return cohere.embed({ model: 'embed-v4.0', texts: students.map((student) => student.email), inputType: 'clustering' }); // expect: cohere prompt email @callback
}
