/**
 * French texts of the EN 16931 rules (the artefacts only speak English). A rule missing here is reported
 * with its English text in both languages.
 */
const FR: Readonly<Record<string, string>> = {
  'BR-01': 'Une facture doit comporter un identifiant de spécification (BT-24).',
  'BR-02': 'Une facture doit comporter un numéro de facture (BT-1).',
  'BR-03': "Une facture doit comporter une date d'émission (BT-2).",
  'BR-04': 'Une facture doit comporter un code de type de facture (BT-3).',
  'BR-05': 'Une facture doit comporter un code de devise (BT-5).',
  'BR-06': 'Une facture doit comporter le nom du vendeur (BT-27).',
  'BR-07': "Une facture doit comporter le nom de l'acheteur (BT-44).",
  'BR-08': 'Une facture doit comporter l’adresse postale du vendeur (BG-5).',
  'BR-09': "L'adresse postale du vendeur (BG-5) doit comporter un code pays (BT-40).",
  'BR-10': "Une facture doit comporter l'adresse postale de l'acheteur (BG-8).",
  'BR-11': "L'adresse postale de l'acheteur (BG-8) doit comporter un code pays (BT-55).",
  'BR-12': 'Une facture doit comporter la somme des montants nets des lignes (BT-106).',
  'BR-13': 'Une facture doit comporter le montant total hors TVA (BT-109).',
  'BR-14': 'Une facture doit comporter le montant total TVA comprise (BT-112).',
  'BR-15': 'Une facture doit comporter le montant à payer (BT-115).',
  'BR-16': 'Une facture doit comporter au moins une ligne (BG-25).',
  'BR-17': 'Le nom du bénéficiaire (BT-59) doit être fourni si le bénéficiaire (BG-10) est différent du vendeur (BG-4).',
  'BR-18': 'Le nom du représentant fiscal du vendeur (BT-62) doit être fourni si le vendeur a un représentant fiscal (BG-11).',
  'BR-19': "L'adresse postale du représentant fiscal (BG-12) doit être fournie si le vendeur a un représentant fiscal (BG-11).",
  'BR-20': "L'adresse postale du représentant fiscal (BG-12) doit comporter un code pays (BT-69).",
  'BR-21': 'Chaque ligne de facture (BG-25) doit avoir un identifiant (BT-126).',
  'BR-22': 'Chaque ligne de facture (BG-25) doit avoir une quantité facturée (BT-129).',
  'BR-23': 'Chaque ligne de facture (BG-25) doit avoir une unité de mesure de la quantité facturée (BT-130).',
  'BR-24': 'Chaque ligne de facture (BG-25) doit avoir un montant net (BT-131).',
  'BR-25': "Chaque ligne de facture (BG-25) doit comporter le nom de l'article (BT-153).",
  'BR-26': "Chaque ligne de facture (BG-25) doit comporter le prix net de l'article (BT-146).",
  'BR-27': "Le prix net de l'article (BT-146) ne doit pas être négatif.",
  'BR-28': "Le prix brut de l'article (BT-148) ne doit pas être négatif.",
  'BR-29': 'La date de fin de la période de facturation (BT-74) doit être postérieure ou égale à sa date de début (BT-73).',
  'BR-30': 'La date de fin de la période de la ligne (BT-135) doit être postérieure ou égale à sa date de début (BT-134).',
  'BR-31': 'Chaque remise au niveau du document (BG-20) doit avoir un montant (BT-92).',
  'BR-32': 'Chaque remise au niveau du document (BG-20) doit avoir un code de catégorie de TVA (BT-95).',
  'BR-33': 'Chaque remise au niveau du document (BG-20) doit avoir un motif (BT-97) ou un code de motif (BT-98).',
  'BR-36': 'Chaque charge au niveau du document (BG-21) doit avoir un montant (BT-99).',
  'BR-37': 'Chaque charge au niveau du document (BG-21) doit avoir un code de catégorie de TVA (BT-102).',
  'BR-38': 'Chaque charge au niveau du document (BG-21) doit avoir un motif (BT-104) ou un code de motif (BT-105).',
  'BR-41': 'Chaque remise de ligne (BG-27) doit avoir un montant (BT-136).',
  'BR-42': 'Chaque remise de ligne (BG-27) doit avoir un motif (BT-139) ou un code de motif (BT-140).',
  'BR-43': 'Chaque charge de ligne (BG-28) doit avoir un montant (BT-141).',
  'BR-44': 'Chaque charge de ligne (BG-28) doit avoir un motif (BT-144) ou un code de motif (BT-145).',
  'BR-45': 'Chaque ventilation de TVA (BG-23) doit avoir une base imposable (BT-116).',
  'BR-46': 'Chaque ventilation de TVA (BG-23) doit avoir un montant de TVA (BT-117).',
  'BR-47': 'Chaque ventilation de TVA (BG-23) doit être définie par un code de catégorie de TVA (BT-118).',
  'BR-48': "Chaque ventilation de TVA (BG-23) doit avoir un taux (BT-119), sauf si la facture n'est pas soumise à la TVA.",
  'BR-49': 'Une instruction de paiement (BG-16) doit préciser le code du moyen de paiement (BT-81).',
  'BR-50': "L'identifiant du compte de paiement (BT-84) doit être présent pour un virement (BG-17).",
  'BR-52': 'Chaque pièce justificative (BG-24) doit avoir une référence (BT-122).',
  'BR-53': 'Si le code de devise de comptabilisation de la TVA (BT-6) est présent, le montant total de TVA dans cette devise (BT-111) doit être fourni.',
  'BR-54': "Chaque attribut d'article (BG-32) doit avoir un nom (BT-160) et une valeur (BT-161).",
  'BR-55': 'Chaque référence à une facture antérieure (BG-3) doit comporter le numéro de cette facture (BT-25).',
  'BR-56': 'Chaque représentant fiscal du vendeur (BG-11) doit avoir un numéro de TVA (BT-63).',
  'BR-57': "Chaque adresse de livraison (BG-15) doit comporter un code pays (BT-80).",
  'BR-61': "Pour un virement (code BT-81 30 ou 58), l'identifiant du compte de paiement (BT-84) doit être présent.",
  'BR-62': "L'adresse électronique du vendeur (BT-34) doit avoir un identifiant de schéma.",
  'BR-63': "L'adresse électronique de l'acheteur (BT-49) doit avoir un identifiant de schéma.",
  'BR-64': "L'identifiant normalisé de l'article (BT-157) doit avoir un identifiant de schéma.",
  'BR-65': "L'identifiant de classification de l'article (BT-158) doit avoir un identifiant de schéma.",
  'BR-CO-03': 'La date d’exigibilité de la TVA (BT-7) et son code (BT-8) s’excluent mutuellement.',
  'BR-CO-04': 'Chaque ligne de facture (BG-25) doit avoir un code de catégorie de TVA (BT-151).',
  'BR-CO-09': 'Le numéro de TVA du vendeur (BT-31), du représentant fiscal (BT-63) et de l’acheteur (BT-48) doit commencer par un code pays.',
  'BR-CO-10': 'La somme des montants nets des lignes (BT-106) doit être égale à la somme des montants nets de chaque ligne (BT-131).',
  'BR-CO-11': 'La somme des remises au niveau du document (BT-107) doit être égale à la somme de leurs montants (BT-92).',
  'BR-CO-12': 'La somme des charges au niveau du document (BT-108) doit être égale à la somme de leurs montants (BT-99).',
  'BR-CO-13': 'Le total hors TVA (BT-109) doit être égal à la somme des lignes (BT-106) moins les remises (BT-107) plus les charges (BT-108).',
  'BR-CO-14': 'Le montant total de TVA (BT-110) doit être égal à la somme des montants de TVA par catégorie (BT-117).',
  'BR-CO-15': 'Le total TVA comprise (BT-112) doit être égal au total hors TVA (BT-109) plus le montant total de TVA (BT-110).',
  'BR-CO-16': 'Le montant à payer (BT-115) doit être égal au total TVA comprise (BT-112) moins le montant déjà payé (BT-113) plus l’arrondi (BT-114).',
  'BR-CO-17': 'Le montant de TVA de la catégorie (BT-117) doit être égal à la base imposable (BT-116) multipliée par le taux (BT-119) / 100, arrondi à deux décimales.',
  'BR-CO-18': 'Une facture doit comporter au moins une ventilation de TVA (BG-23).',
  'BR-CO-19': 'Si la période de facturation (BG-14) est utilisée, sa date de début (BT-73) ou de fin (BT-74) doit être renseignée.',
  'BR-CO-20': 'Si la période de la ligne (BG-26) est utilisée, sa date de début (BT-134) ou de fin (BT-135) doit être renseignée.',
  'BR-CO-21': 'Chaque remise au niveau du document (BG-20) doit avoir un motif (BT-97) ou un code de motif (BT-98), ou les deux.',
  'BR-CO-22': 'Chaque charge au niveau du document (BG-21) doit avoir un motif (BT-104) ou un code de motif (BT-105), ou les deux.',
  'BR-CO-23': 'Chaque remise de ligne (BG-27) doit avoir un motif (BT-139) ou un code de motif (BT-140), ou les deux.',
  'BR-CO-24': 'Chaque charge de ligne (BG-28) doit avoir un motif (BT-144) ou un code de motif (BT-145), ou les deux.',
  'BR-CO-25': 'Si le montant à payer (BT-115) est positif, la date d’échéance (BT-9) ou les conditions de paiement (BT-20) doivent être présentes.',
  'BR-CO-26': 'Pour identifier le vendeur, son identifiant (BT-29), son numéro d’immatriculation légale (BT-30) ou son numéro de TVA (BT-31) doit être présent.',
};

const CATEGORY_NAMES: Readonly<Record<string, string>> = {
  S: 'taux normal (S)',
  Z: 'taux zéro (Z)',
  E: 'exonération de TVA (E)',
  AE: 'autoliquidation (AE)',
  K: 'livraison intracommunautaire (K)',
  G: "exportation hors de l'UE (G)",
  O: 'hors champ de la TVA (O)',
  L: 'IGIC, Canaries (L)',
  M: 'IPSI, Ceuta et Melilla (M)',
};

const CATEGORY_OF_PREFIX: Readonly<Record<string, string>> = {
  S: 'S', Z: 'Z', E: 'E', AE: 'AE', IC: 'K', G: 'G', O: 'O', AF: 'L', AG: 'M',
};

/** The nine VAT-category rule families share their shape: their French text is built from the category. */
function categoryRuleText(rule: string): string | undefined {
  const match = /^BR-(S|Z|E|AE|IC|G|O|AF|AG)-(\d\d)$/.exec(rule);
  if (!match) return undefined;
  const category = CATEGORY_OF_PREFIX[match[1]!]!;
  const name = CATEGORY_NAMES[category]!;
  switch (match[2]) {
    case '01':
      return `Une facture dont une ligne, une remise ou une charge relève de la catégorie de TVA ${name} doit comporter une ventilation de TVA (BG-23) de cette catégorie.`;
    case '02':
    case '03':
    case '04':
      return category === 'O'
        ? `Une facture relevant de la catégorie ${name} ne doit pas comporter de numéro de TVA du vendeur (BT-31), du représentant fiscal (BT-63) ni de l'acheteur (BT-48).`
        : `Une facture relevant de la catégorie de TVA ${name} doit comporter le numéro de TVA du vendeur (BT-31), son identifiant fiscal (BT-32) ou le numéro de TVA de son représentant fiscal (BT-63)${category === 'AE' || category === 'K' ? ", ainsi que le numéro de TVA ou l'identifiant légal de l'acheteur" : ''}.`;
    case '05':
    case '06':
    case '07':
      return category === 'S'
        ? `Le taux de TVA de la catégorie ${name} d'une ligne, d'une remise ou d'une charge doit être supérieur à zéro.`
        : category === 'O'
          ? `Une ligne, une remise ou une charge de la catégorie ${name} ne doit pas comporter de taux de TVA.`
          : category === 'L' || category === 'M'
            ? `Le taux de TVA de la catégorie ${name} d'une ligne, d'une remise ou d'une charge doit être positif ou nul.`
            : `Le taux de TVA de la catégorie ${name} d'une ligne, d'une remise ou d'une charge doit être 0.`;
    case '08':
      return `La base imposable de la ventilation de TVA ${name} (BT-116) doit être égale à la somme des montants nets des lignes de cette catégorie, moins les remises et plus les charges de cette catégorie.`;
    case '09':
      return category === 'S' || category === 'L' || category === 'M'
        ? `Le montant de TVA de la ventilation ${name} (BT-117) doit être égal à la base imposable (BT-116) multipliée par le taux (BT-119).`
        : `Le montant de TVA de la ventilation ${name} (BT-117) doit être 0.`;
    case '10':
      return category === 'S' || category === 'Z' || category === 'L' || category === 'M'
        ? `Une ventilation de TVA ${name} ne doit pas comporter de motif d'exonération (BT-120) ni de code de motif (BT-121).`
        : `Une ventilation de TVA ${name} doit comporter un motif d'exonération (BT-120) ou un code de motif (BT-121).`;
    case '11':
      return category === 'O'
        ? `Une facture comportant une ventilation de TVA ${name} ne doit pas comporter d'autre ventilation de TVA.`
        : "Pour une livraison intracommunautaire, la date de livraison effective (BT-72) ou la période de facturation (BG-14) doit être renseignée.";
    case '12':
      return category === 'O'
        ? `Une facture comportant une ventilation de TVA ${name} ne doit pas comporter de ligne d'une autre catégorie.`
        : 'Pour une livraison intracommunautaire, le code pays de livraison (BT-80) doit être renseigné.';
    case '13':
    case '14':
      return `Une facture comportant une ventilation de TVA ${name} ne doit pas comporter de remise ou de charge d'une autre catégorie.`;
    default:
      return undefined;
  }
}

/** The syntax rules (UBL-SR/DT/CR, CII-SR/DT), about 170 of them: one French wording quoting the artefacts' text. */
const SYNTAX_RULE = /^(UBL|CII)-(SR|DT|CR)-\d+$/;

/** `en`: the rule's English text without its `[id]-` prefix, quoted by the wordings that have nothing better. */
export function frenchTextOf(rule: string, en?: string): string | undefined {
  const decimals = /^BR-DEC-\d\d$/.test(rule) ? 'Ce montant comporte plus de deux décimales, le maximum autorisé.' : undefined;
  const syntax = SYNTAX_RULE.test(rule) && en !== undefined ? `Règle syntaxique ${rule} non respectée : ${en}` : undefined;
  return FR[rule] ?? categoryRuleText(rule) ?? decimals ?? syntax;
}
