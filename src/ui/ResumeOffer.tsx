// After a reload: the last saved run, offered for resuming where it stopped (its weights, optimizer
// state, charts and samples); after a switch of text, the person's saved run on that text, offered
// the same way. Starting fresh keeps it saved; training the fresh run answers too.
import { useShallow } from 'zustand/react/shallow';
import { usePlayground } from '../store/store';
import { fmtAgo, fmtFixed, fmtInt } from './format';

export function ResumeOffer() {
  const { offer, why, restoring, restoreRun, dismiss, ready } = usePlayground(
    useShallow((s) => ({
      offer: s.resumeOffer,
      why: s.resumeOfferWhy,
      restoring: s.restoring !== null,
      restoreRun: s.restoreRun,
      dismiss: s.dismissResumeOffer,
      ready: s.runState !== 'loading',
    })),
  );
  if (restoring)
    return (
      <section className="card resume-offer" aria-label="Resume your run">
        <p>Restoring your run…</p>
      </section>
    );
  if (!offer) return null;
  const valLoss = offer.valLoss === undefined ? '' : ` · val loss ${fmtFixed(offer.valLoss, 3)}`;
  return (
    <section className="card resume-offer" aria-label="Resume your run">
      <p>
        {why === 'reload' ? (
          <>
            <strong>Welcome back.</strong> Your last run was saved {fmtAgo(offer.savedAt)}:
          </>
        ) : (
          <>
            <strong>You trained on {offer.corpusName} before.</strong> That run was saved {fmtAgo(offer.savedAt)}; this is a fresh one:
          </>
        )}{' '}
        {offer.corpusName} · {offer.preset} · step {fmtInt(offer.step)} of {fmtInt(offer.maxSteps)}
        {valLoss}.
      </p>
      <div className="row">
        <button type="button" className="primary" disabled={!ready} onClick={() => restoreRun(offer)}>
          Resume that run
        </button>
        <button type="button" onClick={dismiss}>
          Start fresh
        </button>
        <span className="muted small">Starting fresh keeps it saved.</span>
      </div>
    </section>
  );
}
