export { renderFacturX, facturXTitle, FACTURX_XML_NAME, FACTURX_CONFORMANCE_LEVEL } from './facturx.renderer';
export type { FacturXRenderOptions } from './facturx.renderer';
export { renderDepositCertificate, CERTIFICATE_JSON_NAME } from './deposit-certificate.renderer';
export type { CertifiedFile, DepositCertificate } from './deposit-certificate.renderer';
