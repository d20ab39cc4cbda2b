import mixpanel from 'mixpanel-browser';
import * as Sentry from '@sentry/react';
import { datadogRum } from '@datadog/browser-rum';
import { createHmac } from 'node:crypto';
import type { Patient } from './model';

const KEY = process.env.PSEUDONYM_KEY ?? '';
const pseudonym = (value: string) => createHmac('sha256', KEY).update(value).digest('hex');

export function trackPortalLogin(patient: Patient) {
  mixpanel.identify(pseudonym(patient.id)); // expect: mixpanel user_id* @hashed
  mixpanel.register({ clinic: patient.clinicId }); // expect: mixpanel org_id @direct
  mixpanel.people.set({ $name: `${patient.firstName} ${patient.lastName}`, birthday: patient.dateOfBirth }); // expect: mixpanel name date_of_birth @direct
  Sentry.setUser({ id: patient.id }); // expect: sentry user_id @direct
  Sentry.setContext('patient', { sex: patient.sex, conditions: patient.conditions }); // expect: sentry gender health @direct
  datadogRum.setUser({ id: pseudonym(patient.id) }); // expect: datadog-rum user_id* @hashed
}

export function trackPrescription(patient: Patient, drug: string) {
  mixpanel.track('Prescription viewed', { drug, medication: patient.medications[0] }); // expect: mixpanel health @direct
  Sentry.addBreadcrumb({ category: 'rx', message: 'viewed', data: { nationalId: patient.nationalId } }); // expect: sentry government_id @direct
}
