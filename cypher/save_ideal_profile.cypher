// Save the ideal customer profile a user edited: the best customers and the card.
MERGE (icp:IdealProfile {id: 'icp'})
SET icp.best = $best, icp.card = $card, icp.saved_at = $saved_at, icp.saved_by = $saved_by
