import { benchCreate } from './createKeys';
for (let i = 0; i < 3; i++) { const r = benchCreate(); console.log(r.engineMs.toFixed(0), r.rawMs.toFixed(0), r.ratio.toFixed(2)); }
