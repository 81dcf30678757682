package org.communeatlas.floods.plan.solver;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import com.google.ortools.sat.Literal;
import java.util.ArrayList;
import java.util.List;
import org.communeatlas.floods.plan.solver.PlanResult.Unassigned;

/**
 * The whole-family assignment as a CP-SAT model, for problems small enough to solve exactly: one Boolean
 * per household and connected site, one for "no place"; each household exactly one of them; each site's
 * people within its capacity; minimise Σ members × distance plus the penalties. The repaired flow plan is
 * the starting hint, so the answer is never worse than it.
 */
final class ExactAssignment {

    record Exact(boolean improved, boolean optimal) {
    }

    private ExactAssignment() {
    }

    static Exact solve(PlanInput in, int[] householdGroup, int[] groupArcStart, int[] groupArcs, int[] arcSite, double[] arcDist,
                       int[] site, double[] dist, Unassigned[] unassigned) {
        CpModel model = new CpModel();
        int h = in.families().count();
        List<List<BoolVar>> bySite = new ArrayList<>();
        List<List<Integer>> peopleBySite = new ArrayList<>();
        for (int s = 0; s < in.sites().count(); s++) {
            bySite.add(new ArrayList<>());
            peopleBySite.add(new ArrayList<>());
        }
        BoolVar[][] x = new BoolVar[h][];
        BoolVar[] none = new BoolVar[h];
        LinearExprBuilder objective = LinearExpr.newBuilder();
        long current = 0;
        for (int i = 0; i < h; i++) {
            int g = householdGroup[i];
            int m = in.families().members()[i];
            none[i] = model.newBoolVar("none" + i);
            long penalty = (long) m * (in.families().vulnerable()[i] ? EvacuationPlanner.PENALTY_VULNERABLE : EvacuationPlanner.PENALTY);
            objective.addTerm(none[i], penalty);
            List<Literal> choices = new ArrayList<>();
            choices.add(none[i]);
            int arcs = g < 0 ? 0 : groupArcStart[g + 1] - groupArcStart[g];
            x[i] = new BoolVar[arcs];
            boolean hinted = false;
            for (int k = 0; k < arcs; k++) {
                int a = groupArcs[groupArcStart[g] + k];
                int s = arcSite[a];
                x[i][k] = model.newBoolVar("x" + i + "_" + s);
                choices.add(x[i][k]);
                bySite.get(s).add(x[i][k]);
                peopleBySite.get(s).add(m);
                objective.addTerm(x[i][k], m * Math.round(arcDist[a]));
                boolean chosen = site[i] == s && !hinted;
                model.addHint(x[i][k], chosen);
                if (chosen) {
                    hinted = true;
                    current += m * Math.round(arcDist[a]);
                }
            }
            model.addHint(none[i], site[i] < 0);
            if (site[i] < 0) {
                current += penalty;
            }
            model.addExactlyOne(choices);
        }
        for (int s = 0; s < in.sites().count(); s++) {
            List<BoolVar> vars = bySite.get(s);
            if (vars.isEmpty()) {
                continue;
            }
            long[] weights = peopleBySite.get(s).stream().mapToLong(Integer::longValue).toArray();
            model.addLessOrEqual(LinearExpr.weightedSum(vars.toArray(new BoolVar[0]), weights), Math.max(in.sites().capacity()[s], 0));
        }
        model.minimize(objective.build());
        CpSolver solver = new CpSolver();
        solver.getParameters().setMaxTimeInSeconds(10).setNumWorkers(2).setRandomSeed(1);
        CpSolverStatus status = solver.solve(model);
        if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
            return new Exact(false, false);
        }
        boolean optimal = status == CpSolverStatus.OPTIMAL;
        if (Math.round(solver.objectiveValue()) >= current) {
            return new Exact(false, optimal);
        }
        for (int i = 0; i < h; i++) {
            int g = householdGroup[i];
            site[i] = -1;
            for (int k = 0; k < x[i].length; k++) {
                if (solver.booleanValue(x[i][k])) {
                    int a = groupArcs[groupArcStart[g] + k];
                    site[i] = arcSite[a];
                    dist[i] = arcDist[a];
                }
            }
            if (site[i] >= 0) {
                unassigned[i] = null;
            } else if (unassigned[i] == null) {
                unassigned[i] = Unassigned.NO_ROOM;
            }
        }
        return new Exact(true, optimal);
    }
}
