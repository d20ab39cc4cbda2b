export interface Patient {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: 'female' | 'male' | 'other';
  insuranceNumber: string;
  nationalId: string;
  conditions: string[];
  medications: string[];
  clinicId: string;
}
