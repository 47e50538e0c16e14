# Sets HOPTAC_UNITS_EMBED_SRC to a generated .cpp that holds the CSV files of data/admin-units
# as string constants (see src/app/embedded_units.hpp). The file is regenerated whenever one of
# the CSV files or the generator changes.
set(HOPTAC_UNITS_DIR ${PROJECT_SOURCE_DIR}/data/admin-units)
set(HOPTAC_UNITS_FILES
    ${HOPTAC_UNITS_DIR}/units-2022.csv
    ${HOPTAC_UNITS_DIR}/units-2024.csv
    ${HOPTAC_UNITS_DIR}/units-2025.csv
    ${HOPTAC_UNITS_DIR}/mapping-2025.csv)
set(HOPTAC_UNITS_EMBED_SRC ${CMAKE_CURRENT_BINARY_DIR}/embedded_units.cpp)

add_custom_command(
  OUTPUT ${HOPTAC_UNITS_EMBED_SRC}
  COMMAND ${CMAKE_COMMAND} -DUNITS_DIR=${HOPTAC_UNITS_DIR} -DOUTPUT=${HOPTAC_UNITS_EMBED_SRC}
          -P ${PROJECT_SOURCE_DIR}/cmake/embed_units_generate.cmake
  DEPENDS ${HOPTAC_UNITS_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_units_generate.cmake
  COMMENT "Embedding data/admin-units CSV files"
  VERBATIM)

# The files are longer than the 65,536 characters ISO C++ requires compilers to accept in one
# literal; GCC and Clang accept them, so the pedantic warning is silenced for this file only.
set_source_files_properties(${HOPTAC_UNITS_EMBED_SRC} PROPERTIES
  COMPILE_OPTIONS "-Wno-overlength-strings")
