/**
 * Minimal pages behind the links our e-mails contain (activation, password reset, sign-in), so the
 * sandbox is usable from a mailbox without a separate front end. They only call the public JSON API.
 */
const LAYOUT = (title: string, body: string, script: string): string => `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} — Liasse</title>
<style>
body{font-family:Arial,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1e1e1e}
h1{font-size:1.5rem;color:#000091}label{display:block;margin-top:1rem;font-weight:bold}
input{width:100%;padding:.5rem;margin-top:.25rem;box-sizing:border-box}
button{margin-top:1.5rem;background:#000091;color:#fff;border:0;padding:.7rem 1.2rem;border-radius:4px;cursor:pointer}
#message{margin-top:1.5rem;padding:.8rem;border-radius:4px;display:none}
.ok{background:#b8fec9;display:block!important}.ko{background:#ffe9e9;display:block!important}
small{color:#666}code{word-break:break-all}
</style></head><body><h1>${title}</h1>${body}<div id="message" role="status"></div>
<p><small>Liasse — plateforme de facturation électronique. API : <a href="/docs">/docs</a></small></p>
<script>
const token = new URLSearchParams(location.search).get('token') || '';
const show = (ok, text) => { const m = document.getElementById('message'); m.className = ok ? 'ok' : 'ko'; m.textContent = text; };
async function call(method, path, body) {
  const res = await fetch(path, { method, headers: { 'content-type': 'application/json', 'accept-language': 'fr' }, body: body && JSON.stringify(body) });
  const data = res.status === 204 ? {} : await res.json();
  if (!res.ok) throw new Error((data.errors && data.errors.map((e) => e.message.fr).join(' ; ')) || data.detail || res.statusText);
  return data;
}
const value = (id) => document.getElementById(id).value;
${script}
</script></body></html>`;

const PASSWORD_HINT = '<small>12 caractères au moins, dont 3 types parmi : majuscules, minuscules, chiffres, caractères spéciaux.</small>';

export const ACTIVATION_PAGE = LAYOUT(
  'Activer mon compte',
  `<form id="f"><label for="p">Mot de passe</label><input id="p" type="password" autocomplete="new-password" required>${PASSWORD_HINT}
<label for="c">Confirmation du mot de passe</label><input id="c" type="password" autocomplete="new-password" required>
<label for="q">Question secrète</label><input id="q" required maxlength="200" placeholder="Ville de naissance de ma grand-mère ?">
<label for="a">Réponse secrète</label><input id="a" required maxlength="200">
<button type="submit">Activer mon compte</button></form>`,
  `document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    await call('POST', '/api/v1/accounts/activation', { token, password: value('p'), passwordConfirmation: value('c'), secretQuestion: value('q'), secretAnswer: value('a') });
    show(true, 'Votre compte est activé. Vous pouvez vous connecter.');
    document.getElementById('f').remove();
    const a = document.createElement('a'); a.href = '/connexion'; a.textContent = 'Se connecter'; document.body.insertBefore(a, document.getElementById('message').nextSibling);
  } catch (err) { show(false, err.message); }
});`,
);

export const PASSWORD_RESET_PAGE = LAYOUT(
  'Choisir un nouveau mot de passe',
  `<form id="f" hidden><p id="question"></p><label for="a">Réponse à votre question secrète</label><input id="a" required maxlength="200">
<label for="p">Nouveau mot de passe</label><input id="p" type="password" autocomplete="new-password" required>${PASSWORD_HINT}
<label for="c">Confirmation</label><input id="c" type="password" autocomplete="new-password" required>
<button type="submit">Changer mon mot de passe</button></form>
<form id="ask" hidden><label for="e">Adresse e-mail de connexion</label><input id="e" type="email" required><button type="submit">Recevoir un lien</button></form>`,
  `if (token) {
  call('GET', '/api/v1/password-resets/' + encodeURIComponent(token)).then((d) => {
    document.getElementById('question').textContent = 'Question secrète : ' + d.secretQuestion;
    document.getElementById('f').hidden = false;
  }, (err) => show(false, err.message));
} else { document.getElementById('ask').hidden = false; }
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    await call('POST', '/api/v1/password-resets/' + encodeURIComponent(token), { secretAnswer: value('a'), password: value('p'), passwordConfirmation: value('c') });
    show(true, 'Mot de passe changé ; toutes vos sessions ont été fermées.'); document.getElementById('f').remove();
  } catch (err) { show(false, err.message); }
});
document.getElementById('ask').addEventListener('submit', async (e) => {
  e.preventDefault();
  try { const d = await call('POST', '/api/v1/password-resets', { email: value('e') }); show(true, d.message); } catch (err) { show(false, err.message); }
});`,
);

export const SIGN_IN_PAGE = LAYOUT(
  'Se connecter',
  `<form id="f"><label for="e">Adresse e-mail</label><input id="e" type="email" autocomplete="username" required>
<label for="p">Mot de passe</label><input id="p" type="password" autocomplete="current-password" required>
<button type="submit">Continuer</button></form>
<form id="mfa" hidden><label for="code" id="codeLabel">Code reçu par e-mail</label><input id="code" inputmode="numeric" pattern="[0-9]{6}" required>
<button type="submit">Se connecter</button></form>
<div id="done" hidden><p>Vous êtes connecté. Jeton d’accès (à coller dans « Authorize » de <a href="/docs">/docs</a>) :</p><code id="tok"></code></div>
<p><a href="/mot-de-passe-oublie">Mot de passe oublié ?</a></p>`,
  `let challengeId = '';
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const d = await call('POST', '/api/v1/auth/login', { email: value('e'), password: value('p') });
    challengeId = d.challengeId;
    document.getElementById('codeLabel').textContent = d.method === 'TOTP' ? 'Code de votre application d’authentification' : 'Code reçu par e-mail';
    document.getElementById('f').hidden = true; document.getElementById('mfa').hidden = false;
  } catch (err) { show(false, err.message); }
});
document.getElementById('mfa').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const d = await call('POST', '/api/v1/auth/mfa', { challengeId, code: value('code') });
    document.getElementById('mfa').hidden = true; document.getElementById('done').hidden = false;
    document.getElementById('tok').textContent = d.accessToken; show(true, 'Connexion réussie.');
  } catch (err) { show(false, err.message); }
});`,
);

export const CONTACT_EMAIL_PAGE = LAYOUT(
  'Confirmer mon adresse de contact',
  `<form id="f"><p>Confirmez que cette adresse peut recevoir les messages de votre compte Liasse.</p><button type="submit">Confirmer cette adresse</button></form>`,
  `document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    await call('POST', '/api/v1/accounts/contact-email-confirmation', { token });
    show(true, 'Votre adresse de contact est confirmée : les messages de la plateforme vous parviendront désormais à cette adresse.');
    document.getElementById('f').remove();
  } catch (err) { show(false, err.message); }
});`,
);
