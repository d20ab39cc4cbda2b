export interface AppUser {
  uid: string;
  email: string;
  displayName: string;
  avatarUrl: string;
  plan: 'free' | 'pro';
  orgId: string;
  phoneNumber?: string;
  lastLoginIp?: string;
}
