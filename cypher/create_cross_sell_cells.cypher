// Store cross-sell cells (every department x product cell of an account but "ours"),
// after delete_cross_sell_cells removed the account's previous ones in the same
// transaction.
UNWIND $cells AS cell
CREATE (c:CrossSellCell)
SET c = cell
