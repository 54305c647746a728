// Updates an estimate: its name, description or type, and (when given) the whole set of its points —
// listed points with an id are changed, new ones added, unlisted ones removed (work items that used a
// removed point lose their estimate, through the foreign key).
import { NotFoundError } from '../api/errors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { type EstimateWithPoints, findEstimate, replaceEstimatePoints, updateEstimateRow } from '../repositories/estimatesRepository.ts';
import {
  checkEstimateName,
  checkEstimateNameFree,
  checkEstimateType,
  checkPoints,
  type EstimateFieldsInput,
  type PointFieldsInput,
} from './estimateRules.ts';
import { uniqueViolation } from './projectRules.ts';

const notFound = () => NotFoundError('This estimate does not exist in the project.');

export async function updateEstimate(
  db: Pool,
  input: {
    project: { id: string; workspace_id: string };
    estimateId: string;
    actorId: string;
    estimate: EstimateFieldsInput;
    points?: PointFieldsInput[];
  },
): Promise<EstimateWithPoints> {
  const { project, estimateId, actorId } = input;
  const name = input.estimate.name === undefined ? undefined : checkEstimateName(input.estimate.name);
  const newType = input.estimate.type === undefined ? undefined : checkEstimateType(input.estimate.type);
  try {
    return await inTransaction(db, async (tx) => {
      const current = await findEstimate(tx, project.id, estimateId, { forUpdate: true });
      if (!current) throw notFound();
      if (name !== undefined) await checkEstimateNameFree(tx, project.id, name, estimateId);
      const type = newType ?? current.type;
      // A new type must fit the points the estimate keeps.
      const points = input.points ?? (newType ? current.points.map((p) => ({ id: p.id, key: p.key, value: p.value })) : undefined);
      const checked = points ? checkPoints(type, points, new Set(current.points.map((p) => p.id))) : undefined;
      await updateEstimateRow(tx, project.id, estimateId, actorId, {
        ...(name !== undefined ? { name } : {}),
        ...(input.estimate.description !== undefined ? { description: input.estimate.description } : {}),
        ...(newType ? { type: newType } : {}),
      });
      if (checked && input.points) await replaceEstimatePoints(tx, current, actorId, checked);
      const updated = await findEstimate(tx, project.id, estimateId);
      if (!updated) throw notFound();
      return updated;
    });
  } catch (error) {
    if (uniqueViolation(error, ['estimates_name_key']) && name !== undefined) await checkEstimateNameFree(db, project.id, name, estimateId);
    throw error;
  }
}
