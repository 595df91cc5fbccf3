RIDES_COMPLETED = "rides.completed"
