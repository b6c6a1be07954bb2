import { html } from 'hono/html';
import type { JWK } from 'jose';
import { inSiteOrder, localizedText, optInsOf, type SiteConfig, type StoredReceipt } from '../../protocol';
import { verifyReceipt } from './receipt-proof';

const LABELS = {
  en: {
    title: 'Consent receipt',
    policy: 'policy',
    receipt: 'Receipt',
    recorded: 'Recorded by the collector',
    notice: 'Notice shown',
    signature: 'Signature',
    valid: 'valid (key {kid})',
    invalid: 'NOT valid: {reason}',
    guardian: 'Decided by guardian',
    choices: 'Choices',
    yes: 'yes',
    no: 'no',
  },
  ko: {
    title: '동의 확인증',
    policy: '처리방침',
    receipt: '확인증 번호',
    recorded: '수집 서버 기록 시각',
    notice: '안내된 고지문',
    signature: '전자서명',
    valid: '유효 (키 {kid})',
    invalid: '유효하지 않음: {reason}',
    guardian: '법정대리인 결정',
    choices: '선택 내용',
    yes: '동의',
    no: '거부',
  },
  ja: {
    title: '同意記録',
    policy: 'ポリシー',
    receipt: '記録番号',
    recorded: 'サーバー記録日時',
    notice: '表示された通知',
    signature: '署名',
    valid: '有効（鍵 {kid}）',
    invalid: '無効: {reason}',
    guardian: '保護者による決定',
    choices: '選択内容',
    yes: '同意',
    no: '拒否',
  },
  'zh-CN': {
    title: '同意凭证',
    policy: '政策',
    receipt: '凭证编号',
    recorded: '服务器记录时间',
    notice: '展示的告知',
    signature: '签名',
    valid: '有效（密钥 {kid}）',
    invalid: '无效：{reason}',
    guardian: '由监护人决定',
    choices: '选择',
    yes: '同意',
    no: '拒绝',
  },
  'zh-TW': {
    title: '同意憑證',
    policy: '政策',
    receipt: '憑證編號',
    recorded: '伺服器記錄時間',
    notice: '顯示的告知',
    signature: '簽章',
    valid: '有效（金鑰 {kid}）',
    invalid: '無效：{reason}',
    guardian: '由監護人決定',
    choices: '選擇',
    yes: '同意',
    no: '拒絕',
  },
} as const;

/** The visitor's receipt as a page in their language, its signature checked, choices named as they were shown. */
export async function receiptPage(r: StoredReceipt, jwks: { keys: JWK[] }, site: SiteConfig | undefined) {
  const t = LABELS[r.language as keyof typeof LABELS] ?? LABELS.en;
  const text = (x: Record<string, string> | undefined, fallback: string) =>
    localizedText(x, r.language, site?.defaultLanguage ?? r.language) ?? fallback;
  const verified = await verifyReceipt(r, jwks);
  const optIns = site ? optInsOf(site.channels) : [];
  const label = (id: string) =>
    text(
      site?.categories.find((c) => c.id === id)?.label ??
        optIns.find((c) => c.id === id)?.facts.label ??
        site?.consents.find((c) => c.id === id)?.label,
      id,
    );
  const rows = [
    ...inSiteOrder(
      r.choices.categories,
      site?.categories.map((c) => c.id),
    ),
    ...inSiteOrder(
      r.choices.channels,
      optIns.map((c) => c.id),
    ),
    ...inSiteOrder(
      r.choices.consents,
      site?.consents.map((c) => c.id),
    ),
  ];
  const signature = verified.ok
    ? t.valid.replace('{kid}', verified.kid)
    : t.invalid.replace('{reason}', verified.reason);
  return html`<!doctype html>
<html lang="${r.language}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${t.title} ${r.id}</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;max-width:720px;margin:24px auto;padding:0 16px">
<h1>${t.title}</h1>
<p>${text(site?.name, r.site)} · ${t.policy} ${r.policy} · ${r.action} (${r.method})</p>
<dl>
<dt>${t.receipt}</dt><dd><code>${r.id}</code></dd>
<dt>${t.recorded}</dt><dd>${r.receivedAt}</dd>
<dt>${t.notice}</dt><dd><code>${r.notice.hash}</code> (${r.notice.language})</dd>
<dt>${t.signature}</dt><dd>${signature}</dd>
${r.guardian ? html`<dt>${t.guardian}</dt><dd>${r.guardian.name} (${r.guardianCheck?.status ?? ''})</dd>` : ''}
</dl>
<h2>${t.choices}</h2>
<ul>${rows.map(([id, on]) => html`<li>${on ? '✔' : '✘'} ${label(id)}: ${on ? t.yes : t.no}</li>`)}</ul>
</body></html>`;
}
