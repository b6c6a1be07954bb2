import { fill, type Strings } from '../i18n';

export interface AgeAnswer {
  adult?: boolean;
  name: string;
  contact: string;
}

/** The age question and, under the site's minimum age, the guardian's name and contact (ko: 법정대리인). */
export function Guardian(props: {
  s: Strings;
  age: number;
  value: AgeAnswer;
  onChange: (v: AgeAnswer) => void;
  showErrors: boolean;
  idPrefix: string;
  /** Ask the guardian's contact (a form: the code goes there); the banner asks the name only. */
  contact?: boolean;
}) {
  const { s, value, onChange, idPrefix } = props;
  const missing = (v: string) => props.showErrors && !v.trim();
  return (
    <fieldset class="age">
      <legend>{fill(s.ageQuestion, { age: props.age })}</legend>
      <label>
        <input
          type="radio"
          name={`${idPrefix}-age`}
          checked={value.adult === true}
          onChange={() => onChange({ ...value, adult: true })}
        />{' '}
        {s.yes}
      </label>
      <label>
        <input
          type="radio"
          name={`${idPrefix}-age`}
          checked={value.adult === false}
          onChange={() => onChange({ ...value, adult: false })}
        />{' '}
        {s.no}
      </label>
      {props.showErrors && value.adult === undefined && (
        <p class="error" role="alert">
          {s.ageRequired}
        </p>
      )}
      {value.adult === false && (
        <div class="guardian">
          <p>{fill(s.guardianIntro, { age: props.age })}</p>
          <label for={`${idPrefix}-gname`}>{s.guardianName}</label>
          <input
            id={`${idPrefix}-gname`}
            autoComplete="name"
            value={value.name}
            aria-invalid={missing(value.name)}
            onInput={(e) => onChange({ ...value, name: (e.target as HTMLInputElement).value })}
          />
          {missing(value.name) && <p class="error">{s.required}</p>}
          {props.contact && (
            <>
              <label for={`${idPrefix}-gcontact`}>{s.guardianContact}</label>
              <input
                id={`${idPrefix}-gcontact`}
                value={value.contact}
                aria-invalid={missing(value.contact)}
                onInput={(e) => onChange({ ...value, contact: (e.target as HTMLInputElement).value })}
              />
              {missing(value.contact) && <p class="error">{s.required}</p>}
            </>
          )}
        </div>
      )}
    </fieldset>
  );
}

/** Whether the answer allows a decision that turns something optional on; refusing never needs it. */
export function ageComplete(a: AgeAnswer, contact = false) {
  return a.adult === true || (a.adult === false && !!a.name.trim() && (!contact || !!a.contact.trim()));
}
