package dev.ladder.analysis.cli;

import dev.ladder.analysis.fit.Budgets;
import dev.ladder.analysis.fit.ChinchillaLaw;
import dev.ladder.analysis.fit.DataConstrainedLaw;
import dev.ladder.analysis.fit.EnvelopeLaw;
import dev.ladder.analysis.fit.FlooredPowerLaw;
import dev.ladder.analysis.fit.IsoFlopLaw;
import dev.ladder.analysis.fit.KaplanJointLaw;
import dev.ladder.analysis.fit.KaplanLaw;
import dev.ladder.analysis.fit.LawInput;
import dev.ladder.analysis.fit.PostTrainingCsv;
import dev.ladder.analysis.fit.ScalingLaw;
import dev.ladder.analysis.fit.SupervisedLaw;
import dev.ladder.data.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The laws {@code ladder fit --law} can fit; constants are spelled as typed on the command line.
 * chinchilla = approach 3, isoflop = approach 2, envelope = approach 1, kaplan = L(N), L(D), L(C_min) and the
 * joint L(N, D), floor = E + A/X^alpha for X = N and C, dataConstrained = Muennighoff et al. (needs
 * --unique-tokens), all = every one of them (dataConstrained only with --unique-tokens); supervised = Busbridge et
 * al. 2025's Eq. 1 (not part of all). The post-training laws distillation, finetune and transfer read other
 * observations ({@link #postTraining()}) and are fitted by {@link dev.ladder.analysis.fit.PostTrainingFit}.
 */
public enum LawChoice {
    chinchilla, isoflop, envelope, kaplan, floor, dataConstrained, supervised, distillation, finetune, transfer, all;

    /** The post-training law this choice stands for, if it is one. */
    public Optional<PostTrainingCsv.Layout> postTraining() {
        return switch (this) {
            case distillation -> Optional.of(PostTrainingCsv.Layout.distillation);
            case finetune -> Optional.of(PostTrainingCsv.Layout.finetune);
            case transfer -> Optional.of(PostTrainingCsv.Layout.transfer);
            default -> Optional.empty();
        };
    }

    /** The laws this choice stands for. */
    public List<ScalingLaw> laws(Budgets budgets, Double uniqueTokens) {
        List<ScalingLaw> laws = new ArrayList<>();
        if (this == chinchilla || this == all) laws.add(new ChinchillaLaw(budgets));
        if (this == supervised) laws.add(new SupervisedLaw(budgets));
        if (this == isoflop || this == all) laws.add(new IsoFlopLaw(budgets));
        if (this == envelope || this == all) laws.add(new EnvelopeLaw(budgets));
        if (this == kaplan || this == all) {
            for (LawInput input : LawInput.values()) laws.add(new KaplanLaw(input));
            laws.add(new KaplanJointLaw());
            laws.add(new KaplanJointLaw(true));
        }
        if (this == floor || this == all) {
            laws.add(new FlooredPowerLaw(LawInput.PARAMS));
            laws.add(new FlooredPowerLaw(LawInput.COMPUTE));
        }
        if (this == dataConstrained && uniqueTokens == null) {
            throw new InvalidInputException("--law dataConstrained: --unique-tokens is missing; needed: the number "
                    + "of distinct training tokens the runs repeat (> 0)");
        }
        if ((this == dataConstrained || this == all) && uniqueTokens != null) {
            laws.add(new DataConstrainedLaw(uniqueTokens, budgets));
        }
        return laws;
    }
}
