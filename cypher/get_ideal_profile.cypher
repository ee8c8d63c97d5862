// The saved ideal customer profile, if any.
MATCH (icp:IdealProfile {id: 'icp'})
RETURN properties(icp) AS props
