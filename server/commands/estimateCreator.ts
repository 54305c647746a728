// Creates an estimate with its points in one transaction (Plane's app sends both together).
import { inTransaction, type Pool } from '../db/pool.ts';
import { type EstimateWithPoints, findEstimate, insertEstimate, replaceEstimatePoints } from '../repositories/estimatesRepository.ts';
import {
  checkEstimateName,
  checkEstimateNameFree,
  checkEstimateType,
  checkPoints,
  type EstimateFieldsInput,
  type PointFieldsInput,
} from './estimateRules.ts';
import { uniqueViolation } from './projectRules.ts';

export async function createEstimate(
  db: Pool,
  input: {
    project: { id: string; workspace_id: string };
    actorId: string;
    estimate: EstimateFieldsInput & { name: string };
    points: PointFieldsInput[];
  },
): Promise<EstimateWithPoints> {
  const { project, actorId } = input;
  const name = checkEstimateName(input.estimate.name);
  const type = checkEstimateType(input.estimate.type ?? 'categories');
  const points = checkPoints(type, input.points, new Set());
  try {
    return await inTransaction(db, async (tx) => {
      await checkEstimateNameFree(tx, project.id, name);
      const row = await insertEstimate(tx, project, actorId, { name, type, description: input.estimate.description ?? '' });
      await replaceEstimatePoints(tx, row, actorId, points);
      const created = await findEstimate(tx, project.id, row.id);
      if (!created) throw new Error('created estimate not found');
      return created;
    });
  } catch (error) {
    if (uniqueViolation(error, ['estimates_name_key'])) await checkEstimateNameFree(db, project.id, name);
    throw error;
  }
}
