import { useId } from 'react';
import { describeRating, formatStars } from '../marketplace/format';
import { FieldError } from './field';

function StarShape({ fill }: { fill: 'full' | 'half' | 'empty' }) {
  const clip = useId();
  const path = 'M12 3.2l2.6 5.6 6.1.7-4.5 4.2 1.2 6-5.4-3-5.4 3 1.2-6-4.5-4.2 6.1-.7z';
  return (
    <svg
      className="star"
      width="16"
      height="16"
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
    >
      <clipPath id={clip}>
        <rect x="0" y="0" width={fill === 'half' ? 12 : 24} height="24" />
      </clipPath>
      <path d={path} className="star__empty" />
      {fill !== 'empty' && <path d={path} className="star__full" clipPath={`url(#${clip})`} />}
    </svg>
  );
}

/** Five stars filled to a rating (to the nearest half); decorative, say the rating beside it. */
export function Stars({ value }: { value: number }) {
  const rounded = Math.round(value * 2) / 2;
  return (
    <span className="stars" aria-hidden="true">
      {[1, 2, 3, 4, 5].map((star) => (
        <StarShape
          key={star}
          fill={rounded >= star ? 'full' : rounded >= star - 0.5 ? 'half' : 'empty'}
        />
      ))}
    </span>
  );
}

/** An agent's rating at a glance: stars, the average and the number of reviews, read as words. */
export function RatingSummary({
  rating,
  compact = false,
}: {
  rating: { average: number | null; count: number };
  compact?: boolean;
}) {
  const words = describeRating(rating);
  if (rating.average === null || rating.count === 0) {
    return <span className="rating rating--none">{compact ? 'No reviews' : words}</span>;
  }
  return (
    <span className="rating" title={words}>
      <Stars value={rating.average} />
      <span aria-hidden="true">
        <strong>{formatStars(rating.average)}</strong>
        <span className="rating__count"> ({rating.count})</span>
      </span>
      <span className="visually-hidden">{words}</span>
    </span>
  );
}

const STAR_WORDS = ['1 star', '2 stars', '3 stars', '4 stars', '5 stars'];

/** Choosing one to five stars: native radio buttons (arrow keys move), drawn as stars. */
export function StarInput({
  legend,
  name,
  value,
  onChange,
  error,
}: {
  legend: string;
  name: string;
  value: number | null;
  onChange: (value: number) => void;
  error?: string | undefined;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <fieldset
      className={`field fieldset${error ? ' field--invalid' : ''}`}
      aria-describedby={error ? errorId : undefined}
    >
      <legend className="field__label">{legend}</legend>
      <div className="star-input">
        {STAR_WORDS.map((words, index) => {
          const stars = index + 1;
          const optionId = `${id}-${stars}`;
          return (
            <span key={stars} className="star-input__option">
              <input
                id={optionId}
                type="radio"
                name={name}
                value={stars}
                checked={value === stars}
                onChange={() => onChange(stars)}
                aria-invalid={error ? true : undefined}
              />
              <label
                htmlFor={optionId}
                className={`star-input__label${value !== null && stars <= value ? ' star-input__label--on' : ''}`}
              >
                <StarShape fill={value !== null && stars <= value ? 'full' : 'empty'} />
                <span className="visually-hidden">{words}</span>
              </label>
            </span>
          );
        })}
        <span className="star-input__value" aria-hidden="true">
          {value === null ? 'Choose' : STAR_WORDS[value - 1]}
        </span>
      </div>
      {error && <FieldError id={errorId}>{error}</FieldError>}
    </fieldset>
  );
}
