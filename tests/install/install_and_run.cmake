# Installs the build into a scratch prefix and runs the installed kbmatch from an unrelated
# directory, with no flags: the curated signatures must come with the binary.
# Run as: cmake -DBUILD_DIR=... -DSAMPLE=... -DWORK=... -P install_and_run.cmake
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/elsewhere")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${WORK}/prefix"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc})")
endif()
execute_process(COMMAND "${WORK}/prefix/bin/kbmatch" scan --format json "${SAMPLE}"
                WORKING_DIRECTORY "${WORK}/elsewhere"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(REMOVE_RECURSE "${WORK}")
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "installed kbmatch exited ${rc}, expected 1 (findings)\n${err}")
endif()
string(JSON article GET "${out}" findings 0 article)
string(JSON confidence GET "${out}" findings 0 confidence)
if(NOT article STREQUAL "Q216793" OR NOT confidence STREQUAL "high")
  message(FATAL_ERROR "installed kbmatch found ${article}/${confidence}, expected Q216793/high")
endif()
message(STATUS "installed kbmatch found ${article} (${confidence}) from another directory")
