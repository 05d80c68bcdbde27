// The page's scale lab: driving the playground store, kept in this browser's localStorage.
import { createScaleLab } from './scaleLab';
import { usePlayground } from './store';

export const useScaleLab = createScaleLab(usePlayground);
