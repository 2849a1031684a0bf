/** Which of a site's business numbers a pool or static number replaces: it must be one of the site's own. */
import { AppError, parsePhoneOrError } from '@calltrail/core';
import type { SiteRow } from '../../stores/sql/sites.ts';

/** The named number in E.164, or the site's first when none is named. */
export function siteBusinessNumber(site: SiteRow, raw: string | undefined): string {
  const businessNumber = raw ? parsePhoneOrError(raw) : (site.businessNumbers[0] ?? null);
  if (!businessNumber || !site.businessNumbers.includes(businessNumber)) {
    throw new AppError(
      'VALIDATION_FAILED',
      { businessNumber },
      'businessNumber is not one of the site’s numbers',
    );
  }
  return businessNumber;
}
