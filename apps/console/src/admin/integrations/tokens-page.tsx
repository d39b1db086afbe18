import { useTranslate } from '../../i18n';
import { Card, PageHeader } from '../admin-ui';
import { ApiTokens } from './api-tokens';

export function TokensPage() {
  const t = useTranslate();
  return (
    <div className="admin-page">
      <PageHeader title={t('admin.nav.tokens')} description={t('admin.tokens.description')} />
      <Card title={t('admin.tokens.allTitle')} description={t('admin.tokens.allHint')}>
        <ApiTokens scope="all" />
      </Card>
    </div>
  );
}
