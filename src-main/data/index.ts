export { loadMnistDigits, mnistPixels } from './mnist';
export { loadIris, irisFeatureNames, irisSpecies } from './iris';
export { benchDataFiles, benchDataSha256, benchMnist, benchMoons, writeBenchData, sha256 } from './bench-data';
