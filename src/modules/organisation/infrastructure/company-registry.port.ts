import { Injectable } from '@nestjs/common';
import { findCompanyBySiret } from './reference-data/company-registry';
import { findPublicStructureBySiret } from './reference-data/public-structures';

export interface CompanyFacts {
  companyName: string;
  address: { line1: string; postalCode: string; city: string; country: string };
  vatNumber?: string;
}

/** Prefills structure creation. The default adapter reads the seeded reference data (no network). */
export abstract class CompanyRegistry {
  abstract lookUp(siret: string): Promise<CompanyFacts | null>;
}

@Injectable()
export class OfflineCompanyRegistry extends CompanyRegistry {
  lookUp(siret: string): Promise<CompanyFacts | null> {
    const company = findCompanyBySiret(siret);
    if (company) return Promise.resolve({ companyName: company.companyName, address: company.address, vatNumber: company.vatNumber });
    const publicBody = findPublicStructureBySiret(siret);
    if (publicBody) return Promise.resolve({ companyName: publicBody.companyName, address: publicBody.address });
    return Promise.resolve(null);
  }
}
