// The page: what is loaded (corpus, model, backend), the controls and live numbers, the charts,
// the samples, and the prompt box.
import { lazy, useEffect } from 'react';
import { usePlayground } from '../store/store';
import { Alerts } from './Alerts';
import { Charts } from './Charts';
import { ComputeSection } from './ComputeSection';
import { TrainingDynamics } from './TrainingDynamics';
import { Controls } from './Controls';
import { BackendPanel, ModelPanel } from './InfoPanels';
import { CorpusIntakeProvider } from './CorpusIntake';
import { CorpusPanel } from './CorpusPanel';
import { NextTokenPanel } from './NextTokenPanel';
import { PromptPanel } from './PromptPanel';
import { SurprisePanel } from './SurprisePanel';
import { AttentionView } from './AttentionView';
import { Samples } from './Samples';
import { SettingsPanel } from './SettingsPanel';
import { StatusLine } from './StatusLine';
import { ResumeOffer } from './ResumeOffer';
import { LabBanner } from './LabBanner';
import { SavedRunsPanel } from './SavedRunsPanel';
import { useSaveOnHide } from './useSaveOnHide';
import { CompressionPanel } from './CompressionPanel';
import { CompareRuns } from './CompareRuns';
import { LazyPanel } from './LazyPanel';

// The labs' charts are recharts': the labs load after the first paint (they are below the fold,
// and recharts is about half of the page's JavaScript; the charts that move while training are
// LivePlot.tsx's).
const FewShotLab = lazy(() => import('./FewShotLab').then((m) => ({ default: m.FewShotLab })));
const ScaleLab = lazy(() => import('./ScaleLab').then((m) => ({ default: m.ScaleLab })));

export function App() {
  const init = usePlayground((s) => s.init);
  useEffect(() => init(window.location.search), [init]);
  useSaveOnHide();
  return (
    <CorpusIntakeProvider>
      <div className="page">
        <header className="page-header">
          <h1>Pretrain Playground</h1>
          <p className="tagline">
            Watch a small GPT learn a book, one next token at a time, in your browser: on your GPU through WebGPU where there is one, else
            on the CPU through WebAssembly. Drop your own .txt anywhere to train on it. Nothing leaves your machine.
          </p>
        </header>
        <Alerts />
        <ResumeOffer />
        <LabBanner />
        <div className="info-row">
          <CorpusPanel />
          <ModelPanel />
          <BackendPanel />
        </div>
        <div className="run-bar card">
          <Controls />
          <StatusLine />
        </div>
        <Charts />
        <CompressionPanel />
        <ComputeSection />
        <PromptPanel />
        <div className="two-col">
          <NextTokenPanel />
          <SurprisePanel />
        </div>
        <AttentionView />
        <TrainingDynamics />
        <div className="two-col">
          <Samples />
          <LazyPanel name="The few-shot lab">
            <FewShotLab />
          </LazyPanel>
        </div>
        <LazyPanel name="The scale lab">
          <ScaleLab />
        </LazyPanel>
        <SavedRunsPanel />
        <CompareRuns />
        <SettingsPanel />
      </div>
    </CorpusIntakeProvider>
  );
}
