package org.communeatlas.floods.situation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The models as on-the-spot forces ("4 tại chỗ"): for each village the flood reaches, the people still at risk and the
 * "Dân vận khéo" groups active there that can act — self-management, security, youth, disaster-response teams — with
 * their members; a village with vulnerable people at risk and no such group is flagged. Hardest hit first.
 *
 * @param villagesWithoutForce villages with vulnerable people still at risk and no group on the spot
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Forces(int floodId, int villages, int villagesWithoutForce, List<Village> affected) {

    /** A village the flood reaches. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Village(String code, String name, String communeCode, String communeName, int atRiskHouseholds, int atRiskPeople,
                          int atRiskVulnerablePeople, boolean needsForce, List<Group> groups) {
    }

    /** A model active in the village that can act on the spot; its name is the team an SOS request can be assigned to. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Group(int modelId, String code, String name, String sector, String host, Integer members) {
    }
}
