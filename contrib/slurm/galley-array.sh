#!/usr/bin/env bash
# A Slurm job array: task K of N runs `galley run PIPELINE INPUT --shard K/N` into a folder of its own.
# The shards split the documents by a stable hash of their ids, so together they hold every document of the input
# exactly once (docs/scale.md).
#
#   sbatch --array=0-7 contrib/slurm/galley-array.sh /shared/corpus /shared/out
#
# The number of shards is the array's size (SLURM_ARRAY_TASK_COUNT); the array must start at 0.
#SBATCH --job-name=galley
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=02:00:00
#SBATCH --output=galley-%A_%a.log
set -euo pipefail
input=${1:?usage: sbatch --array=0-N contrib/slurm/galley-array.sh INPUT OUT_DIR [PIPELINE]}
out=${2:?usage: sbatch --array=0-N contrib/slurm/galley-array.sh INPUT OUT_DIR [PIPELINE]}
pipeline=${3:-Pipelines/news.yaml}
: "${SLURM_ARRAY_TASK_ID:?not a job array task: submit with sbatch --array=0-N}"
shards=${SLURM_ARRAY_TASK_COUNT:?}
[[ ${SLURM_ARRAY_TASK_MIN:-0} = 0 && ${SLURM_ARRAY_TASK_MAX:-$((shards - 1))} = $((shards - 1)) ]] \
  || { echo "the array must be 0-$((shards - 1)) with no gaps (it is ${SLURM_ARRAY_TASK_MIN}-${SLURM_ARRAY_TASK_MAX})" >&2; exit 2; }
export GALLEY_OUT=$out/shard-$SLURM_ARRAY_TASK_ID
exec "${GALLEY:-galley}" run "$pipeline" "$input" --shard "$SLURM_ARRAY_TASK_ID/$shards" --jobs "${SLURM_CPUS_PER_TASK:-1}" --quiet
