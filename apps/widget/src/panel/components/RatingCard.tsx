import { useState } from 'react';
import { t, type Locale } from '../i18n';

interface RatingCardProps {
  locale: Locale;
  /** The rating the server has (VisitorConversation.rating), else null. */
  rating: number | null;
  onRate: (rating: number, comment: string) => boolean;
}

/** CSAT after the close: five stars (a radio group, arrow keys work) and an optional comment. */
export function RatingCard({ locale, rating, onRate }: RatingCardProps) {
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [sent, setSent] = useState(false);

  if (rating !== null || sent) {
    return (
      <div className="card rating done" role="status" data-testid="rating-thanks">
        <span className="stars" aria-hidden="true">
          {'★'.repeat(rating ?? stars)}
        </span>
        <p>{t(locale, 'ratingThanks')}</p>
      </div>
    );
  }
  return (
    <form
      className="card rating"
      aria-label={t(locale, 'ratingTitle')}
      onSubmit={(event) => {
        event.preventDefault();
        if (stars && onRate(stars, comment)) setSent(true);
      }}
    >
      <p className="card-title">{t(locale, 'ratingTitle')}</p>
      <div className="stars" role="radiogroup" aria-label={t(locale, 'ratingTitle')}>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className={n <= stars ? 'on' : ''}>
            <input
              type="radio"
              name="rating"
              className="visually-hidden"
              value={n}
              checked={stars === n}
              aria-label={t(locale, 'ratingStar', { n })}
              onChange={() => setStars(n)}
            />
            <span aria-hidden="true">★</span>
          </label>
        ))}
      </div>
      {stars > 0 && (
        <>
          <textarea
            aria-label={t(locale, 'ratingComment')}
            placeholder={t(locale, 'ratingComment')}
            maxLength={1000}
            rows={2}
            value={comment}
            onInput={(event) => setComment(event.currentTarget.value)}
          />
          <button type="submit" className="primary">
            {t(locale, 'ratingSend')}
          </button>
        </>
      )}
    </form>
  );
}
